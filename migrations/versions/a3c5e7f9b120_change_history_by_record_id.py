"""change history indexed by record id

The history index led by `entity` left every lookup by record id alone (a case's history, a push's
prefetch of the edits since a base) a scan of the whole change history. Ids are unique across entities,
so the index is (record_id, version).

Revision ID: a3c5e7f9b120
Revises: f4a9d2c7e518
Create Date: 2026-12-04 04:30:00.000000

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a3c5e7f9b120'
down_revision = 'f4a9d2c7e518'
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index("ix_change_history_record", table_name="change_history")
    op.create_index("ix_change_history_record", "change_history", ["record_id", "version"])


def downgrade():
    op.drop_index("ix_change_history_record", table_name="change_history")
    op.create_index("ix_change_history_record", "change_history", ["entity", "record_id", "version"])
