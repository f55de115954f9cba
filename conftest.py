"""Repository-wide pytest options."""


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite golden/<case>/expected.* from the compiler's current output.",
    )
