"""Initial schema: anonymous responses and answers, sessions in progress, invites, staff.

Revision ID: 0001
Revises: 
Create Date: 2026-11-27 16:18:48.653331
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('admins',
    sa.Column('user_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_admins'))
    )
    op.create_table('agencies',
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_agencies'))
    )
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('actor_key', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('detail', sa.String(length=500), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    op.create_table('processed_updates',
    sa.Column('update_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('seen_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('update_id', name=op.f('pk_processed_updates'))
    )
    op.create_index(op.f('ix_processed_updates_seen_at'), 'processed_updates', ['seen_at'])
    op.create_table('pulse_rounds',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('survey_id', sa.String(length=64), nullable=False),
    sa.Column('period', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pulse_rounds')),
    sa.UniqueConstraint('survey_id', 'period', name=op.f('uq_pulse_rounds_survey_id_period'))
    )
    op.create_table('responses',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('survey_id', sa.String(length=64), nullable=False),
    sa.Column('survey_version', sa.Integer(), nullable=False),
    sa.Column('audience', sa.String(length=32), nullable=False),
    sa.Column('touchpoint', sa.String(length=32), nullable=False),
    sa.Column('agency', sa.String(length=32), nullable=True),
    sa.Column('team', sa.String(length=32), nullable=True),
    sa.Column('language', sa.String(length=16), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=False),
    sa.Column('flagged', sa.Boolean(), nullable=False),
    sa.Column('flag_reasons', sa.String(length=200), nullable=True),
    sa.Column('flag_followed_up', sa.Boolean(), nullable=False),
    sa.Column('withdrawal_hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_responses')),
    sa.UniqueConstraint('withdrawal_hash', name=op.f('uq_responses_withdrawal_hash'))
    )
    op.create_index(op.f('ix_responses_completed_on'), 'responses', ['completed_on'])
    op.create_index(op.f('ix_responses_survey_id'), 'responses', ['survey_id'])
    op.create_table('answers',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('response_id', sa.String(length=32), nullable=False),
    sa.Column('question_id', sa.String(length=64), nullable=False),
    sa.Column('indicator', sa.String(length=64), nullable=True),
    sa.Column('codes', sa.String(length=500), nullable=True),
    sa.Column('number', sa.Float(), nullable=True),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('skipped', sa.Boolean(), nullable=False),
    sa.Column('counted', sa.Boolean(), nullable=True),
    sa.Column('positive', sa.Boolean(), nullable=True),
    sa.Column('story', sa.Boolean(), nullable=False),
    sa.Column('consent_to_quote', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['response_id'], ['responses.id'], name=op.f('fk_answers_response_id_responses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answers')),
    sa.UniqueConstraint('response_id', 'question_id', name=op.f('uq_answers_response_id_question_id'))
    )
    op.create_index(op.f('ix_answers_indicator'), 'answers', ['indicator'])
    op.create_table('invites',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('survey_id', sa.String(length=64), nullable=False),
    sa.Column('touchpoint', sa.String(length=32), nullable=True),
    sa.Column('agency', sa.String(length=32), nullable=False),
    sa.Column('team', sa.String(length=32), nullable=True),
    sa.Column('expires_at', sa.DateTime(), nullable=True),
    sa.Column('uses_left', sa.Integer(), nullable=True),
    sa.Column('multi_use', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('uses_left >= 0', name=op.f('ck_invites_uses_left_not_negative')),
    sa.ForeignKeyConstraint(['agency'], ['agencies.code'], name=op.f('fk_invites_agency_agencies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invites')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_invites_token_hash'))
    )
    op.create_table('join_codes',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('agency', sa.String(length=32), nullable=False),
    sa.Column('team', sa.String(length=32), nullable=True),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['agency'], ['agencies.code'], name=op.f('fk_join_codes_agency_agencies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_join_codes')),
    sa.UniqueConstraint('code_hash', name=op.f('uq_join_codes_code_hash'))
    )
    op.create_table('staff',
    sa.Column('chat_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('agency', sa.String(length=32), nullable=False),
    sa.Column('team', sa.String(length=32), nullable=True),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('joined_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agency'], ['agencies.code'], name=op.f('fk_staff_agency_agencies')),
    sa.PrimaryKeyConstraint('chat_id', name=op.f('pk_staff'))
    )
    op.create_table('deliveries',
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('staff_chat_id', sa.BigInteger(), nullable=False),
    sa.Column('delivered_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['pulse_rounds.id'], name=op.f('fk_deliveries_round_id_pulse_rounds'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_chat_id'], ['staff.chat_id'], name=op.f('fk_deliveries_staff_chat_id_staff'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('round_id', 'staff_chat_id', name=op.f('pk_deliveries'))
    )
    op.create_table('story_reviews',
    sa.Column('answer_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('reviewer_key', sa.String(length=64), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(), nullable=True),
    sa.Column('edited_text', sa.Text(), nullable=True),
    sa.CheckConstraint("status IN ('pending', 'approved', 'rejected')", name=op.f('ck_story_reviews_status_known')),
    sa.ForeignKeyConstraint(['answer_id'], ['answers.id'], name=op.f('fk_story_reviews_answer_id_answers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('answer_id', name=op.f('pk_story_reviews'))
    )
    op.create_index(op.f('ix_story_reviews_status'), 'story_reviews', ['status'])
    op.create_table('survey_sessions',
    sa.Column('chat_key', sa.String(length=64), nullable=False),
    sa.Column('survey_id', sa.String(length=64), nullable=False),
    sa.Column('survey_version', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=16), nullable=False),
    sa.Column('state', sa.JSON(), nullable=False),
    sa.Column('step', sa.Integer(), nullable=False),
    sa.Column('invite_id', sa.Integer(), nullable=True),
    sa.Column('agency', sa.String(length=32), nullable=True),
    sa.Column('team', sa.String(length=32), nullable=True),
    sa.Column('touchpoint', sa.String(length=32), nullable=True),
    sa.Column('sealed_chat', sa.String(length=32), nullable=True),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('last_activity', sa.DateTime(), nullable=False),
    sa.Column('reminder_sent', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['invite_id'], ['invites.id'], name=op.f('fk_survey_sessions_invite_id_invites'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('chat_key', name=op.f('pk_survey_sessions'))
    )
    op.create_index(op.f('ix_survey_sessions_last_activity'), 'survey_sessions', ['last_activity'])


def downgrade() -> None:
    op.drop_index(op.f('ix_survey_sessions_last_activity'), table_name='survey_sessions')
    op.drop_table('survey_sessions')
    op.drop_index(op.f('ix_story_reviews_status'), table_name='story_reviews')
    op.drop_table('story_reviews')
    op.drop_table('deliveries')
    op.drop_table('staff')
    op.drop_table('join_codes')
    op.drop_table('invites')
    op.drop_index(op.f('ix_answers_indicator'), table_name='answers')
    op.drop_table('answers')
    op.drop_index(op.f('ix_responses_survey_id'), table_name='responses')
    op.drop_index(op.f('ix_responses_completed_on'), table_name='responses')
    op.drop_table('responses')
    op.drop_table('pulse_rounds')
    op.drop_index(op.f('ix_processed_updates_seen_at'), table_name='processed_updates')
    op.drop_table('processed_updates')
    op.drop_table('audit_log')
    op.drop_table('agencies')
    op.drop_table('admins')
