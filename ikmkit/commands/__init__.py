"""Sub-commands of the ``ikmkit`` command, one module each.

Every module defines ``register(subparsers)``, which adds its parser and sets
``handler`` (a function taking the parsed ``argparse.Namespace`` and returning an
exit status). Keep heavy imports inside the handler.
"""
