"""awscompat: does this endpoint behave like AWS for the calls I make?"""

__version__ = "0.1.0"
