"""seq indexes carry the scope columns

Each synced table's `ix_<table>_seq` becomes `ix_<table>_seq_scope` on seq plus the columns
pull's row-wise scope test reads, so the query that bounds a pull page walks the index alone.

Revision ID: 8596a64ba764
Revises: 56e14a487ccf
Create Date: 2026-11-28 15:44:47.584470

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '8596a64ba764'
down_revision = '56e14a487ccf'
branch_labels = None
depends_on = None

SCOPE_COLUMNS = {
    "disputes": ["area_id", "assigned_mediator_id"],
    "followups": ["dispute_id"],
    "mediation_logs": ["dispute_id"],
    "parties": ["dispute_id"],
    "referrals": ["dispute_id"],
    "visits": ["area_id"],
}


def upgrade():
    for table, columns in SCOPE_COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{table}_seq"))
            batch_op.create_index(f"ix_{table}_seq_scope", ["seq", *columns], unique=False)


def downgrade():
    for table in reversed(SCOPE_COLUMNS):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(f"ix_{table}_seq_scope")
            batch_op.create_index(batch_op.f(f"ix_{table}_seq"), ["seq"], unique=False)
