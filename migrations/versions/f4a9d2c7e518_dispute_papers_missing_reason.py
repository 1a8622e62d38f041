"""dispute papers_missing_reason

Why a case closed with required papers of its dossier missing (卷宗缺件原因): closing such a case needs it.

Revision ID: f4a9d2c7e518
Revises: e8b2c4d6f013
Create Date: 2026-12-05 10:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'f4a9d2c7e518'
down_revision = 'e8b2c4d6f013'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("disputes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("papers_missing_reason", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("disputes", schema=None) as batch_op:
        batch_op.drop_column("papers_missing_reason")
