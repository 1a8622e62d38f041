"""judicial confirmation court

The court a mediation agreement's judicial confirmation was applied to (People's Mediation Law Art. 33).

Revision ID: b7e4c2d91f05
Revises: b7e2d4c81f3a
Create Date: 2026-12-03 19:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b7e4c2d91f05'
down_revision = 'b7e2d4c81f3a'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("disputes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("judicial_confirmation_court", sa.String(length=100), nullable=True))


def downgrade():
    with op.batch_alter_table("disputes", schema=None) as batch_op:
        batch_op.drop_column("judicial_confirmation_court")
