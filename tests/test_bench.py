"""The benchmark tools time the build's own code and leave it as they found it."""

from bench import stages
from build import hazm_api
from build.sources import list_corpus
from conftest import SEEDS


def test_stage_timers_cover_every_stage_and_are_removed_afterwards():
    files = list_corpus(SEEDS).entries
    before = {(module.__name__, name): getattr(module, name) for _, module, name, _ in stages.STAGES}
    normalize = hazm_api.normalize

    total, totals = stages.time_stages(files)

    assert set(totals) == {label for label, *_ in stages.STAGES} | {stages.HAZM}
    # A stage the build no longer calls by that name would read 0 s.
    assert all(seconds > 0 for seconds in totals.values()), totals
    # Nested stages run inside their parents.
    assert totals[stages.HAZM] < totals["normalise_text"]
    assert totals["recognise_paragraph"] < totals["extract_entities"]
    assert sum(totals[label] for label, _, _, parent in stages.STAGES if parent is None) < total
    after = {(module.__name__, name): getattr(module, name) for _, module, name, _ in stages.STAGES}
    assert after == before
    assert hazm_api.normalize is normalize



def test_benchmark_keeps_the_fastest_of_repeated_runs(tmp_path, monkeypatch):
    from bench import run

    monkeypatch.setattr(run, "BENCH", tmp_path)
    figures = run.bench_full(12, seed=1, repeat=2)

    assert figures["runs"] == 2 and figures["articles"] == 12
    assert figures["wall_s"] == min(figures["wall_s_each_run"])
    assert figures["normaliser_s"] == min(figures["normaliser_s_each_run"])
    assert figures["build_to_normaliser_ratio"] > 0
    assert (tmp_path / "corpus-12" / "full.db").exists()
