import sys

from mlcareer.cli import main

sys.exit(main())
