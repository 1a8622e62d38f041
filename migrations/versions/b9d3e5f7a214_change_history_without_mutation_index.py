"""change history without its index on mutation_id

No query looks the history up by mutation id (a replay finds its outcome in `applied_mutations`, keyed by
it), so the index only cost every accepted change one more B-tree insert.

Revision ID: b9d3e5f7a214
Revises: a3c5e7f9b120
Create Date: 2026-12-04 17:30:00.000000

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b9d3e5f7a214'
down_revision = 'a3c5e7f9b120'
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index("ix_change_history_mutation_id", table_name="change_history")


def downgrade():
    op.create_index("ix_change_history_mutation_id", "change_history", ["mutation_id"])
