"""The Splink model of donor linkage: its settings (comparisons, blocking rules), training
on the profiles of a run, the regularised default model shipped with the code, and the
prediction of candidate pairs with their probabilities (DuckDB backend here; Spark at
national scale with the same settings)."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

DEFAULT_MODEL_PATH = Path(__file__).resolve().parent / "default_model.json"

# --- the Splink model ------------------------------------------------------------------


def model_settings() -> dict[str, Any]:
    """The untrained model: comparisons and blocking rules (the same dictionary runs on
    Splink's Spark backend; see docs/donors.md)."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    name = cl.CustomComparison(
        output_column_name="name",
        comparison_levels=[
            cll.NullLevel("name_key"),
            cll.ExactMatchLevel("name_key", term_frequency_adjustments=True),
            cll.ExactMatchLevel("name_sorted"),
            cll.ExactMatchLevel("full_words"),
            cll.JaroWinklerLevel("name_key", 0.95),
            cll.CustomLevel(
                "surname_l = surname_r AND first_initial_l = first_initial_r",
                label_for_charts="Same surname and first initial",
            ),
            cll.JaroWinklerLevel("name_sorted", 0.92),
            cll.JaroWinklerLevel("name_key", 0.85),
            cll.ElseLevel(),
        ],
    )
    postcode = cl.CustomComparison(
        output_column_name="postcode",
        comparison_levels=[
            cll.NullLevel("postcode"),
            cll.ExactMatchLevel("postcode"),
            cll.ExactMatchLevel("postcode_district"),
            cll.ElseLevel(),
        ],
    )
    settings = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[
            name,
            cl.ExactMatch("status"),
            cl.ExactMatch("company_number"),
            postcode,
            cl.ArrayIntersectAtSizes("recipients", [2, 1]),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("company_number"),
            block_on("name_sorted"),
            block_on("full_words"),
            block_on("surname", "first_initial"),
            block_on("given", "surname_start"),
            block_on("postcode", "status"),
        ],
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
        max_iterations=20,
        em_convergence=0.001,
    )
    return settings.get_settings("duckdb").as_dict()


def new_linker(table: Any, settings: dict[str, Any]) -> Any:
    import duckdb
    from splink import DuckDBAPI, Linker

    connection = duckdb.connect(":memory:")
    # DuckDB must not fetch extensions at run time (they download); Splink's DuckDB
    # backend needs none for these comparisons.
    connection.execute("SET autoinstall_known_extensions=false")
    connection.execute("SET autoload_known_extensions=false")
    db_api = DuckDBAPI(connection)
    sdf = db_api.register(table)
    logging.getLogger("splink").setLevel(logging.WARNING)
    return Linker(sdf, settings, log_level=None), connection


def train(table: Any, *, seed: int = 42) -> dict[str, Any]:
    """Train the model on a profiles table without labels; returns the trained settings."""
    from splink import block_on

    linker, connection = new_linker(table, model_settings())
    try:
        linker.training.estimate_probability_two_random_records_match(
            [block_on("company_number"), block_on("name_sorted", "status")], recall=0.7
        )
        linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=seed)
        # Each session estimates m for the comparisons its blocking rule leaves free:
        # names on companies (same number) and on people (same recipient, surnames
        # starting alike); the other fields where the names agree.
        for rule in (
            block_on("company_number"),
            block_on("name_sorted"),
            block_on("recipient_first", "surname_start"),
        ):
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, estimate_without_term_frequencies=True
            )
        model: dict[str, Any] = linker.misc.save_model_to_json()
        return regularise(model)
    finally:
        connection.close()


# A level EM saw too rarely to estimate gets this m; no level may claim that true matches
# (almost) never fall in it, since the real files are noisier than any training sample.
UNTRAINED_M = 0.05
M_FLOOR = 0.001


def regularise(model: dict[str, Any]) -> dict[str, Any]:
    """Fill m-probabilities EM could not estimate and floor the tiny ones, so that one
    disagreeing field cannot veto a match outright (hard rules do that explicitly)."""
    for comparison in model["comparisons"]:
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            m = level.get("m_probability")
            level["m_probability"] = UNTRAINED_M if m is None else max(float(m), M_FLOOR)
            u = level.get("u_probability")
            if u is None:
                level["u_probability"] = UNTRAINED_M
    return model


def load_default_model() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DEFAULT_MODEL_PATH.read_text(encoding="utf-8"))
    return data


def predict(
    table: Any, model: dict[str, Any], *, low: float
) -> tuple[list[int], list[int], list[float]]:
    linker, connection = new_linker(table, model)
    try:
        predictions = linker.inference.predict(threshold_match_probability=low)
        # The table name is Splink's own, never input.
        query = f"select unique_id_l, unique_id_r, match_probability from {predictions.physical_name} order by match_probability desc"  # noqa: S608
        arrow = connection.sql(query).to_arrow_table()
        return (
            arrow.column("unique_id_l").to_pylist(),
            arrow.column("unique_id_r").to_pylist(),
            arrow.column("match_probability").to_pylist(),
        )
    finally:
        connection.close()
