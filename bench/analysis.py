"""Hand-written commentary on the evaluation, rendered into docs/evaluation.md."""

EVAL_NOTES = """
(pending)
"""
