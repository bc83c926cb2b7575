"""PostgreSQL for oas-program: the program in a shared database, addressed by URL.

`postgresql://user@host/db?schema=NAME` (or `postgresql:///db?host=/run/postgresql`) works
wherever `oas-program` takes a program file; `oas-program merge URL FORM...` merges filled
forms in one transaction, safely alongside other merges. See the README.
"""

__version__ = "0.1.0"
