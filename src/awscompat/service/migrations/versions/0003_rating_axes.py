"""Methodology v2 on the pages: a rating's provider class, axes and completeness (the share of the
profile's weight that was judged), so the provider page and the market show them.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ratings") as batch:
        batch.add_column(sa.Column("class", sa.String(16), nullable=True))
        batch.add_column(sa.Column("axes", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("completeness", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("ratings") as batch:
        batch.drop_column("completeness")
        batch.drop_column("axes")
        batch.drop_column("class")
