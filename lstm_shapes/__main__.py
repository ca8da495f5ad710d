import sys

from lstm_shapes.serve.entry import main

# `python -m lstm_shapes` sets argv[0] to this file and ends the process fast; code that runs
# this module with runpy.run_module keeps its own argv[0] and gets SystemExit back.
main(end_process=sys.argv[0] == __file__)
