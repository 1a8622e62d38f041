"""attachments

Photos, signatures and scans of a case (issue 11): a synced child record of its dispute; the bytes live
in the attachment storage, and `upload_complete` is set by the server once they arrive whole and checked.

Revision ID: c3a8f1d2e604
Revises: b7e4c2d91f05
Create Date: 2026-12-03 21:27:32.417480

"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = 'c3a8f1d2e604'
down_revision = 'b7e4c2d91f05'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('attachments',
    sa.Column('dispute_id', sa.String(length=36), nullable=False),
    sa.Column('parent_entity', sa.String(length=16), nullable=True),
    sa.Column('parent_id', sa.String(length=36), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('mime_type', sa.String(length=40), nullable=False),
    sa.Column('byte_size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('taken_at', sa.DateTime(), nullable=True),
    sa.Column('caption', sa.String(length=200), nullable=True),
    sa.Column('upload_complete', sa.Boolean(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('updated_by', sa.Integer(), nullable=True),
    sa.Column('voided_at', sa.DateTime(), nullable=True),
    sa.Column('void_reason', sa.Text(), nullable=True),
    sa.Column('field_versions', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('has_open_conflict', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_attachments_created_by_users')),
    sa.ForeignKeyConstraint(['dispute_id'], ['disputes.id'], name=op.f('fk_attachments_dispute_id_disputes')),
    sa.ForeignKeyConstraint(['updated_by'], ['users.id'], name=op.f('fk_attachments_updated_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachments'))
    )
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachments_dispute_id'), ['dispute_id'], unique=False)
        batch_op.create_index('ix_attachments_seq_scope', ['seq', 'dispute_id'], unique=False)



def downgrade():
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.drop_index('ix_attachments_seq_scope')
        batch_op.drop_index(batch_op.f('ix_attachments_dispute_id'))

    op.drop_table('attachments')
