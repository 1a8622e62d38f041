"""device health: pending attachment bytes

`device_health.pending_attachment_bytes`: the bytes of the attachments a phone holds that the server has
not yet got whole, as its last push reported them (None: an app that does not report it).

Revision ID: e8b2c4d6f013
Revises: d5e1a7c3b902
Create Date: 2026-12-03 22:45:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'e8b2c4d6f013'
down_revision = 'd5e1a7c3b902'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("device_health", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pending_attachment_bytes", sa.BigInteger(), nullable=True))


def downgrade():
    with op.batch_alter_table("device_health", schema=None) as batch_op:
        batch_op.drop_column("pending_attachment_bytes")
