"""pending attachment bytes in the device health report

The bytes of attachments still only on the phone (issue 11), for the desk's 手机状态.

Revision ID: d5f2a9c7e813
Revises: c3a8f1d2e604
Create Date: 2026-12-03 22:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'd5f2a9c7e813'
down_revision = 'c3a8f1d2e604'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("device_health", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pending_attachment_bytes", sa.BigInteger(), nullable=True))


def downgrade():
    with op.batch_alter_table("device_health", schema=None) as batch_op:
        batch_op.drop_column("pending_attachment_bytes")
