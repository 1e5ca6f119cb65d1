"""``python -m node ensure|start|stop|status``: manage the local OpenSearch node."""

from __future__ import annotations

import typer

from core.settings import get_settings
from node import NodeError, ensure_distribution, ensure_node, find_java_home, node_status, stop_node
from node.distribution import DistributionError
from node.jdk import JdkNotFound

cli = typer.Typer(add_completion=False, help=__doc__)


@cli.command()
def ensure() -> None:
    """Download the distribution if missing and start the node if it is not running."""
    try:
        url, started = ensure_node(get_settings())
    except (NodeError, DistributionError, JdkNotFound) as exc:
        typer.secho(f"error: {exc}", fg="red", err=True)
        raise typer.Exit(2) from exc
    typer.echo(f"OpenSearch {'started' if started else 'already running'} at {url}")


@cli.command()
def fetch() -> None:
    """Download and unpack the pinned distribution (no second download), then check for a JDK."""
    settings = get_settings()
    try:
        home = ensure_distribution(settings.node_version, settings.node_root)
        java = find_java_home(settings.node_version, settings.node_java_home)
    except (DistributionError, JdkNotFound) as exc:
        typer.secho(f"error: {exc}", fg="red", err=True)
        raise typer.Exit(2) from exc
    typer.echo(f"OpenSearch {settings.node_version} at {home}; Java at {java}")


@cli.command()
def stop() -> None:
    """Stop the local node if this project started one."""
    typer.echo("stopped" if stop_node(get_settings()) else "no local node running")


@cli.command()
def status() -> None:
    """Print whether the local node answers, and its version."""
    st = node_status(get_settings())
    typer.echo(f"url={st.url} running={st.running} ours={st.ours} pid={st.pid} version={st.version}")
    raise typer.Exit(0 if st.running else 1)


if __name__ == "__main__":
    cli()
