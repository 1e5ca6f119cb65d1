"""Provision and run a local single-node OpenSearch fetched from Maven Central.

Public API: ``ensure_node`` (download if needed, start if needed, wait for health),
``stop_node``, ``node_status`` and ``NodeError`` with its subclasses.
"""

from node.distribution import DistributionError, ensure_distribution
from node.jdk import JdkNotFound, find_java_home
from node.process import NodeError, PortInUse, ensure_node, node_status, stop_node

__all__ = [
    "DistributionError",
    "JdkNotFound",
    "NodeError",
    "PortInUse",
    "ensure_distribution",
    "ensure_node",
    "find_java_home",
    "node_status",
    "stop_node",
]
