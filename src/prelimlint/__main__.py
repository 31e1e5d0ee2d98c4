"""``python -m prelimlint`` runs the command-line interface."""

from prelimlint.cli import main

if __name__ == "__main__":
    main()
