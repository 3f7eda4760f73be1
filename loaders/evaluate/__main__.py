"""`python -m loaders.evaluate` runs the evaluation harness."""

import sys

from loaders.evaluate import main

sys.exit(main())
