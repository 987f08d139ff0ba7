"""The rule language: grammar loading, AST, load-time checks and the evaluator.

Only this package imports lark, and only when rule files must be parsed
(the compiled rules are cached; see ``rulebook``).
"""
