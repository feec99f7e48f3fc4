"""Generated case families: each is a plain generator over one service's model."""

from awscompat.families.recognised import recognised

GENERATORS = {
    "recognised": recognised,
}

__all__ = ["GENERATORS"]
