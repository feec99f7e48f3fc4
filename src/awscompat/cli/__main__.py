"""`python -m awscompat.cli`: the same command line as `awscompat`."""

from awscompat.cli.app import main

if __name__ == "__main__":  # pragma: no cover
    main(prog_name="awscompat")
