"""Methodology v2: a target's provider class (cloud | emulator), and room for the grade "not rated".

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("targets") as batch:
        batch.add_column(sa.Column("class", sa.String(16), nullable=False, server_default="cloud"))
    with op.batch_alter_table("ratings") as batch:
        batch.alter_column("grade", type_=sa.String(16), existing_type=sa.String(4), existing_nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("ratings") as batch:
        batch.alter_column("grade", type_=sa.String(4), existing_type=sa.String(16), existing_nullable=False)
    with op.batch_alter_table("targets") as batch:
        batch.drop_column("class")
