"""returned cases (退回补正) and when each user last looked at 今日

Revision ID: b7e2d4c81f3a
Revises: 3c1f0e2a9b7d
Create Date: 2026-12-03 19:00:00.000000

"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = 'b7e2d4c81f3a'
down_revision = '3c1f0e2a9b7d'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("disputes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("returned_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column(
            "return_comments", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True))
        batch_op.add_column(sa.Column("resubmitted_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("today_seen_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("today_seen_at")
    with op.batch_alter_table("disputes", schema=None) as batch_op:
        batch_op.drop_column("resubmitted_at")
        batch_op.drop_column("return_comments")
        batch_op.drop_column("returned_at")
