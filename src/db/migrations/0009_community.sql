CREATE TABLE "channel_post_deliveries" (
	"id" serial PRIMARY KEY NOT NULL,
	"post_id" integer NOT NULL,
	"action" text NOT NULL,
	"outcome" text NOT NULL,
	"error" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "channel_posts" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text DEFAULT 'manual' NOT NULL,
	"key" text,
	"locale" text DEFAULT 'ru' NOT NULL,
	"body" text NOT NULL,
	"photo_base64" text,
	"photo_mime" text,
	"photo_file_id" text,
	"medical" boolean DEFAULT false NOT NULL,
	"verified_by" text,
	"verified_at" timestamp with time zone,
	"status" text DEFAULT 'draft' NOT NULL,
	"scheduled_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"telegram_message_id" integer,
	"edited_at" timestamp with time zone,
	"deleted_at" timestamp with time zone,
	"created_by_account" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "community_invites" (
	"id" serial PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"name" text,
	"unit_id" text,
	"link_hash" text NOT NULL,
	"link_sealed" text NOT NULL,
	"member_limit" integer,
	"expires_at" timestamp with time zone,
	"inviter_member_id" integer,
	"depth" integer DEFAULT 0 NOT NULL,
	"created_by_account" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "community_invites_link_hash_unique" UNIQUE("link_hash")
);
--> statement-breakpoint
CREATE TABLE "community_join_requests" (
	"id" serial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"invite_id" integer,
	"requested_at" timestamp with time zone NOT NULL,
	"outcome" text DEFAULT 'pending' NOT NULL,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "community_members" (
	"id" serial PRIMARY KEY NOT NULL,
	"tg_hash" text NOT NULL,
	"chat_sealed" text NOT NULL,
	"pseudonym" text NOT NULL,
	"locale" text DEFAULT 'ru' NOT NULL,
	"status" text NOT NULL,
	"source" text DEFAULT 'other' NOT NULL,
	"invite_id" integer,
	"depth" integer DEFAULT 0 NOT NULL,
	"strikes" integer DEFAULT 0 NOT NULL,
	"muted_until" timestamp with time zone,
	"joined_at" timestamp with time zone,
	"left_at" timestamp with time zone,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "community_members_tg_hash_unique" UNIQUE("tg_hash"),
	CONSTRAINT "community_members_pseudonym_unique" UNIQUE("pseudonym")
);
--> statement-breakpoint
CREATE TABLE "community_questions" (
	"id" serial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"chat_message_id" integer NOT NULL,
	"body_sealed" text,
	"asked_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"answered_by" text,
	"answered_at" timestamp with time zone,
	"surfaced_at" timestamp with time zone,
	"article_slug" text,
	"case_id" integer,
	"private_token" text
);
--> statement-breakpoint
CREATE TABLE "community_state" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "moderation_actions" (
	"id" serial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"action" text NOT NULL,
	"rule" text NOT NULL,
	"reason_sealed" text,
	"by_staff_member" integer,
	"until_at" timestamp with time zone,
	"at" timestamp with time zone NOT NULL,
	"appeal_sealed" text,
	"appealed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "channel_post_deliveries_post" ON "channel_post_deliveries" USING btree ("post_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "channel_posts_key" ON "channel_posts" USING btree ("key");--> statement-breakpoint
CREATE INDEX "channel_posts_due" ON "channel_posts" USING btree ("status","scheduled_at");--> statement-breakpoint
CREATE INDEX "community_invites_inviter" ON "community_invites" USING btree ("inviter_member_id","created_at");--> statement-breakpoint
CREATE INDEX "community_join_requests_member" ON "community_join_requests" USING btree ("member_id","outcome");--> statement-breakpoint
CREATE INDEX "community_join_requests_time" ON "community_join_requests" USING btree ("requested_at");--> statement-breakpoint
CREATE INDEX "community_members_status" ON "community_members" USING btree ("status");--> statement-breakpoint
CREATE INDEX "community_members_invite" ON "community_members" USING btree ("invite_id");--> statement-breakpoint
CREATE UNIQUE INDEX "community_questions_message" ON "community_questions" USING btree ("chat_message_id");--> statement-breakpoint
CREATE INDEX "community_questions_status" ON "community_questions" USING btree ("status","asked_at");--> statement-breakpoint
CREATE UNIQUE INDEX "community_questions_token" ON "community_questions" USING btree ("private_token");--> statement-breakpoint
CREATE INDEX "moderation_actions_member" ON "moderation_actions" USING btree ("member_id","at");--> statement-breakpoint
CREATE INDEX "moderation_actions_at" ON "moderation_actions" USING btree ("at");