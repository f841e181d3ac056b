"""The co-signature network as a graph file for Gephi and friends. The one module that imports networkx."""
from __future__ import annotations

from collections.abc import Sequence
from typing import BinaryIO

from .errors import MissingDependency
from .formats import NETWORK_FORMATS
from .store import NetworkEdge, NetworkNode


def write_network(nodes: Sequence[NetworkNode], edges: Sequence[NetworkEdge], stream: BinaryIO, *, fmt: str) -> None:
    """Organisations as nodes (label, acronym, country, statements), shared statements as weighted edges."""
    if fmt not in NETWORK_FORMATS:
        raise ValueError(f"unknown network format {fmt!r}")
    try:
        import networkx as nx  # imported here: only this export needs it
    except ImportError as e:
        raise MissingDependency("networkx", "statement-archive[network]") from e
    graph = nx.Graph()
    for node in nodes:
        graph.add_node(str(node.id), label=node.name, acronym=node.acronym or "", country=node.country_code or "",
                       statements=node.statements)
    for edge in edges:
        graph.add_edge(str(edge.source), str(edge.target), weight=edge.statements)
    if fmt == "gexf":
        nx.write_gexf(graph, stream)
    else:
        nx.write_graphml(graph, stream)
