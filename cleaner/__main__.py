"""``python -m cleaner`` is the ``cleaner`` command."""
from .cli import main

if __name__ == "__main__":
    main()
