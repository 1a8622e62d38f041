"""an attachment signs an agreement number

`attachments.agreement_no`: the agreement issue a signature, fingerprint or signed scan attests; once one
names the case's agreement number its terms are locked (sync/agreement.py).

Revision ID: d5e1a7c3b902
Revises: c3a8f1d2e604
Create Date: 2026-12-03 22:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'd5e1a7c3b902'
down_revision = 'c3a8f1d2e604'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("agreement_no", sa.String(length=60), nullable=True))


def downgrade():
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.drop_column("agreement_no")
