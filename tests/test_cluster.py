"""Building on a Dask cluster (`build --cluster`): cleaning and extraction run on the
cluster's workers and stream back to the one index writer here; tested against a
LocalCluster on loopback, the same records as a local build."""

from __future__ import annotations

import json

import distributed
import pytest
from click.testing import CliRunner

from searchapp.cli import cli
from searchapp.ingest.pipeline import ClusterError, process_collection

from .conftest import SEEDS


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as local:
        yield local.scheduler_address


def test_a_cluster_build_gives_the_records_of_a_local_build(cluster, tmp_path, monkeypatch):
    from searchapp.ingest import pipeline

    local = list(process_collection(SEEDS))
    monkeypatch.setattr(pipeline, "BATCH_DOCS", 2)  # several batches, over both workers
    on_cluster = list(pipeline.group_stories(pipeline.process_items(pipeline.iter_collection(SEEDS), cache=tmp_path / "c",
                                                                     cluster=cluster)))
    assert on_cluster == local
    with distributed.Client(cluster) as client:  # done by the cluster, in batches
        done = client.run_on_scheduler(lambda dask_scheduler: {
            name: p.all_durations.get("compute", 0.0) for name, p in dask_scheduler.task_prefixes.items()})
    assert done.get("process_batch", 0.0) > 0  # seconds the cluster's workers spent on them
    # Kept in this machine's cache: a second build reads them from it.
    monkeypatch.setattr(pipeline, "process_batch", lambda raws: pytest.fail("processed again"))
    assert list(pipeline.group_stories(pipeline.process_items(pipeline.iter_collection(SEEDS), cache=tmp_path / "c",
                                                               cluster=cluster))) == local


def test_build_and_update_with_cluster(cluster, seed_copy, tmp_path):
    index_dir = tmp_path / "ix"
    result = CliRunner().invoke(cli, ["build", str(seed_copy), "--index", str(index_dir), "--cluster", cluster])
    assert result.exit_code == 0, result.output
    assert "5 indexed" in result.output
    (seed_copy / "new.txt").write_text("Envoys meet\nSEOUL, Jan 5 (Yonhap) -- Envoys of the two Koreas met on "
                                       "Tuesday to discuss the talks.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["update", str(seed_copy), "--index", str(index_dir), "--cluster", cluster])
    assert result.exit_code == 0, result.output
    assert "1 new" in result.output
    report = json.loads((index_dir / "build-report.json").read_text())
    assert report["status"] == "live"


def test_no_scheduler_is_a_clear_error(tmp_path, monkeypatch):
    from searchapp.ingest import pipeline

    monkeypatch.setattr(pipeline, "CLUSTER_CONNECT_S", 2)
    with pytest.raises(ClusterError, match="No Dask scheduler answered"):
        list(process_collection_on(SEEDS, "tcp://127.0.0.1:9", tmp_path))
    result = CliRunner().invoke(cli, ["build", str(SEEDS), "--index", str(tmp_path / "ix"), "--cluster", "tcp://127.0.0.1:9"])
    assert result.exit_code == 1 and "No Dask scheduler answered at tcp://127.0.0.1:9" in result.output
    assert not (tmp_path / "ix" / "current").exists()


def process_collection_on(src, address, cache):
    from searchapp.ingest import pipeline

    return pipeline.process_items(pipeline.iter_collection(src), cache=cache, cluster=address)
