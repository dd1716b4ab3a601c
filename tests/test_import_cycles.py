"""No import cycle through the importer or the renderers (tests/import_graph.py reads the imports with `ast`)."""

from __future__ import annotations

from import_graph import cycles, graph


def test_importer_and_renderers_are_in_no_import_cycle() -> None:
    watched = ("specgen.importer", "specgen.render.sqlmodel", "specgen.render.native")
    for lazy in (False, True):  # module-level imports, then imports inside functions too
        tangled = [c for c in cycles(graph(lazy)) if any(m.startswith(watched) for m in c)]
        assert tangled == []
