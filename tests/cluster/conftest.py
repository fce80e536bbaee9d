"""One cluster for the whole session: `python -m scripts.processes --replicas 2` (make run-cluster) on
ports of its own, behind its HAProxy, with a throwaway PostgreSQL database and a private
redis-server (scripts/servers.py, running_cluster). Starting two Rasa servers takes 60-120 s here.

The tests run in file order (a to g); the fault tests (d to g) put back what they broke, even
when they fail, so that the next one starts on a whole cluster."""
from __future__ import annotations

import shutil

import pytest
import sqlalchemy as sa

from scripts.servers import MODEL, PG_ADMIN_URL, running_cluster


def _missing() -> list[str]:
    problems = [f"{tool} is not installed (make cluster-setup)" for tool in ("haproxy", "redis-server")
                if not shutil.which(tool)]
    if not MODEL.exists():
        problems.append(f"no trained model at {MODEL} (make train)")
    engine = sa.create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})
    try:
        with engine.connect():
            pass
    except sa.exc.OperationalError as error:
        problems.append(f"PostgreSQL does not answer at {PG_ADMIN_URL} (CLUSTER_TEST_PG_URL): "
                        f"{type(error.orig).__name__}")
    finally:
        engine.dispose()
    return problems


@pytest.fixture(scope="session")
def cluster(tmp_path_factory):
    problems = _missing()
    if problems:
        pytest.exit("the cluster tests cannot run here: " + "; ".join(problems), returncode=2)
    with running_cluster(replicas=2, var=tmp_path_factory.mktemp("cluster")) as running:
        print(f"\ncluster up: {running.url} (HAProxy), replicas {running.replica_urls}, logs in {running.var / 'log'}")
        yield running


@pytest.fixture
def whole_cluster(cluster):
    """The cluster with every Rasa and action server UP in HAProxy, before the test starts."""
    cluster.wait_until_up("rasa", timeout=240)
    cluster.wait_until_up("actions", timeout=60)
    return cluster
