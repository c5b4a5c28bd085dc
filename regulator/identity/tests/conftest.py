from regulator.identity.tests.directory import directory  # noqa: F401  (fixture)
