"""Worked answers to the notebooks' exercises, one module per notebook (``part1`` ... ``part7``).

Each module's ``answers()`` returns ``{exercise name: answer}``, the answer as a student would
pass it to ``exercises.check`` in the notebook. tests/notebooks/test_solutions.py checks them all.
"""
