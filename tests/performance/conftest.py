"""Authorities shared by the performance tests: this council, and Leeds as a comparator with a child population."""

import pytest

from tests import factories


@pytest.fixture
def council(db):
    return factories.AuthorityFactory()


@pytest.fixture
def leeds(db):
    return factories.AuthorityFactory(code="leeds", name="Leeds", kind="comparator", child_population=183000)


@pytest.fixture
def chunks_written(monkeypatch):
    """Records, for each write through the importer's one chunk writer, the sizes of the chunks it wrote."""
    from performance import importer, services

    writes: list[list[int]] = []
    write_chunks, apply_observations = importer._write_chunks, services.apply_observations

    def write(items, **kwargs):
        writes.append([])
        return write_chunks(items, **kwargs)

    def apply(**kwargs):
        writes[-1].append(len(kwargs["inputs"]))
        return apply_observations(**kwargs)

    monkeypatch.setattr(importer, "_write_chunks", write)
    monkeypatch.setattr(services, "apply_observations", apply)
    return writes
