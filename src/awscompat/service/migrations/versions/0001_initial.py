"""The initial schema: accounts, tokens, providers, targets, runs, results, ratings, attestations.

Revision ID: 0001
Revises:
Create Date: 2026-05-20
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(64), nullable=False, unique=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("prefix", sa.String(16), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("last_used_at", TS, nullable=True),
        sa.Column("revoked_at", TS, nullable=True),
    )
    op.create_index("ix_api_tokens_account_id", "api_tokens", ["account_id"])
    op.create_table(
        "providers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(64), nullable=False, unique=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("homepage", sa.String(500), nullable=False),
        sa.Column("contact", sa.String(254), nullable=False),
        sa.Column("owner_id", sa.Integer(), sa.ForeignKey("accounts.id", ondelete="SET NULL"), nullable=True),
        sa.Column("demo", sa.Boolean(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_index("ix_providers_owner_id", "providers", ["owner_id"])
    op.create_table(
        "targets",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("provider_id", sa.Integer(), sa.ForeignKey("providers.id", ondelete="CASCADE"), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("endpoint", sa.String(500), nullable=True),
        sa.Column("endpoints", sa.JSON(), nullable=False),
        sa.Column("region", sa.String(64), nullable=False),
        sa.Column("addressing", sa.String(8), nullable=False),
        sa.Column("verify_tls", sa.Boolean(), nullable=False),
        sa.Column("profiles", sa.JSON(), nullable=False),
        sa.Column("secret", sa.LargeBinary(), nullable=True),
        sa.Column("access_key_hint", sa.String(16), nullable=False),
        sa.Column("disposable", sa.Boolean(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.UniqueConstraint("provider_id", "name", name="uq_targets_provider_name"),
    )
    op.create_index("ix_targets_provider_id", "targets", ["provider_id"])
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("provider_id", sa.Integer(), sa.ForeignKey("providers.id", ondelete="CASCADE"), nullable=False),
        sa.Column("target_id", sa.Integer(), sa.ForeignKey("targets.id", ondelete="CASCADE"), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("profiles", sa.JSON(), nullable=False),
        sa.Column("selection", sa.JSON(), nullable=False),
        sa.Column("reason", sa.String(16), nullable=False),
        sa.Column("requested_by", sa.Integer(), sa.ForeignKey("accounts.id", ondelete="SET NULL"), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("started_at", TS, nullable=True),
        sa.Column("finished_at", TS, nullable=True),
        sa.Column("heartbeat_at", TS, nullable=True),
        sa.Column("claimed_by", sa.String(64), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("cancel_requested", sa.Boolean(), nullable=False),
        sa.Column("run_dir", sa.String(1000), nullable=True),
        sa.Column("engine_run_id", sa.String(32), nullable=True),
        sa.Column("suite_digest", sa.String(80), nullable=True),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("results_count", sa.Integer(), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("incomplete", sa.Boolean(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("target_descriptor", sa.JSON(), nullable=False),
    )
    op.create_index("ix_runs_provider_id", "runs", ["provider_id"])
    op.create_index("ix_runs_target_id", "runs", ["target_id"])
    op.create_index("ix_runs_status", "runs", ["status"])
    op.create_table(
        "results",
        sa.Column("id", BIG_ID, primary_key=True, autoincrement=True),
        sa.Column("run_id", sa.Integer(), sa.ForeignKey("runs.id", ondelete="CASCADE"), nullable=False),
        sa.Column("case_id", sa.String(400), nullable=False),
        sa.Column("outcome", sa.String(12), nullable=False),
        sa.Column("duration_ms", sa.Float(), nullable=False),
        sa.Column("service", sa.String(64), nullable=False),
        sa.Column("feature", sa.String(128), nullable=False),
        sa.Column("severity", sa.String(12), nullable=False),
        sa.Column("family", sa.String(64), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=True),
    )
    op.create_index("ix_results_run_outcome", "results", ["run_id", "outcome"])
    op.create_table(
        "ratings",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("provider_id", sa.Integer(), sa.ForeignKey("providers.id", ondelete="CASCADE"), nullable=False),
        sa.Column("target_id", sa.Integer(), sa.ForeignKey("targets.id", ondelete="CASCADE"), nullable=False),
        sa.Column("run_id", sa.Integer(), sa.ForeignKey("runs.id", ondelete="CASCADE"), nullable=False),
        sa.Column("profile", sa.String(64), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("grade", sa.String(4), nullable=False),
        sa.Column("compliant", sa.Boolean(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("capabilities", sa.JSON(), nullable=False),
        sa.Column("cases", sa.Integer(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_index("ix_ratings_provider_profile", "ratings", ["provider_id", "profile", "created_at"])
    op.create_index("ix_ratings_target_id", "ratings", ["target_id"])
    op.create_index("ix_ratings_run_id", "ratings", ["run_id"])
    op.create_table(
        "attestations",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("rating_id", sa.Integer(), sa.ForeignKey("ratings.id", ondelete="CASCADE"), nullable=False,
                  unique=True),
        sa.Column("provider_id", sa.Integer(), sa.ForeignKey("providers.id", ondelete="CASCADE"), nullable=False),
        sa.Column("profile", sa.String(64), nullable=False),
        sa.Column("keyid", sa.String(64), nullable=False),
        sa.Column("envelope", sa.Text(), nullable=False),
        sa.Column("issued_at", TS, nullable=False),
        sa.Column("expires_at", TS, nullable=False),
    )
    op.create_index("ix_attestations_provider_id", "attestations", ["provider_id"])


def downgrade() -> None:
    for table in ("attestations", "ratings", "results", "runs", "targets", "providers", "api_tokens", "accounts"):
        op.drop_table(table)
