"""The Kubernetes manifests (deploy/k8s): rendered by kustomize, valid against the Kubernetes 1.28
schemas (kubernetes-validate, offline, strict: no unknown field), and the cluster's topology kept:
replicas of a Rasa server with its action server, probes on their health routes, memory requests
above what `make load` measured, sticky sessions for socket.io, the lock store and the database."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
KUBERNETES_VERSION = "1.28.0"
MEASURED_RASA_MB = 1937  # resident memory of a Rasa server under 50 visitors (README, "Figures")

pytestmark = pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl (with kustomize) is not installed")


@pytest.fixture(scope="module")
def documents() -> list[dict]:
    rendered = subprocess.run(["kubectl", "kustomize", str(ROOT / "deploy/k8s")], check=True,
                              capture_output=True, text=True).stdout
    return [d for d in yaml.safe_load_all(rendered) if d]


def named(documents: list[dict], kind: str, name: str) -> dict:
    return next(d for d in documents if d["kind"] == kind and d["metadata"]["name"] == name)


def containers(workload: dict) -> dict[str, dict]:
    spec = workload["spec"]["template"]["spec"]
    return {c["name"]: c for c in spec["containers"]}


def mebibytes(quantity: str) -> float:
    units = {"Mi": 1, "Gi": 1024}
    return float(quantity[:-2]) * units[quantity[-2:]]


def test_every_document_is_valid_kubernetes(documents):
    assert len(documents) >= 12
    for document in documents:
        kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True)


def test_replicas_probes_and_memory_of_the_rasa_servers_and_their_action_servers(documents):
    rasa = named(documents, "Deployment", "rasa")
    assert rasa["spec"]["replicas"] >= 2
    pods = containers(rasa)
    server, actions = pods["rasa"], pods["actions"]
    assert "endpoints.cluster.yml" in " ".join(server["args"])  # the lock store's endpoints
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert server[probe]["httpGet"] == {"path": "/", "port": "http"}, probe
    assert server["startupProbe"]["periodSeconds"] * server["startupProbe"]["failureThreshold"] >= 120  # model load
    for probe in ("readinessProbe", "livenessProbe"):
        assert actions[probe]["httpGet"] == {"path": "/health", "port": "actions"}
    assert mebibytes(server["resources"]["requests"]["memory"]) * 1.048576 >= MEASURED_RASA_MB
    assert mebibytes(actions["resources"]["requests"]["memory"]) >= 129
    assert named(documents, "PodDisruptionBudget", "rasa")["spec"]["minAvailable"] >= 1


def test_sticky_sessions_lock_store_and_database_are_wired(documents):
    ingress = named(documents, "Ingress", "cep")
    assert ingress["metadata"]["annotations"]["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert named(documents, "Service", "rasa")["spec"]["sessionAffinity"] == "ClientIP"
    settings = next(d for d in documents if d["kind"] == "ConfigMap" and d["metadata"]["name"].startswith("cep-settings"))
    assert settings["data"]["LOCK_STORE_URL"].startswith("redis://redis:6379")
    named(documents, "Service", "redis")
    named(documents, "StatefulSet", "postgres")
    env = {e["name"]: e.get("value") for e in containers(named(documents, "Deployment", "rasa"))["rasa"]["env"]}
    assert env["CONVERSATIONS_DB_URL"].startswith("postgresql://cep:$(POSTGRES_PASSWORD)@postgres:5432/")
    # the Services reach pods that exist, by a port those pods name
    for service in (d for d in documents if d["kind"] == "Service"):
        selector = service["spec"]["selector"]
        workload = next(d for d in documents if d["kind"] in ("Deployment", "StatefulSet")
                        and d["spec"]["template"]["metadata"]["labels"].items() >= selector.items())
        ports = {p["name"] for c in containers(workload).values() for p in c.get("ports", [])}
        assert {p["targetPort"] for p in service["spec"]["ports"]} <= ports, service["metadata"]["name"]
