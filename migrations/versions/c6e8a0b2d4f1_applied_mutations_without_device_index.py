"""applied mutations without their index on device_id

No query looks a stored outcome up by device (a replay finds it by its mutation id, the table's key), so the
index only cost every pushed mutation one more B-tree insert.

Revision ID: c6e8a0b2d4f1
Revises: b9d3e5f7a214
Create Date: 2026-12-04 21:00:00.000000

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c6e8a0b2d4f1'
down_revision = 'b9d3e5f7a214'
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index("ix_applied_mutations_device_id", table_name="applied_mutations")


def downgrade():
    op.create_index("ix_applied_mutations_device_id", "applied_mutations", ["device_id"])
