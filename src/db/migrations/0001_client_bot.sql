CREATE TABLE "articles" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"locale" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"needs" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"keywords" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"sources" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"content_hash" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"status" text DEFAULT 'unverified' NOT NULL,
	"verified_by_name" text,
	"verified_by_role" text,
	"verified_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scheduled_jobs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"payload_sealed" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"done_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "first_contact" text DEFAULT 'direct' NOT NULL;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "voice_hint_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "emergency_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "after_hours" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "after_hours_reply_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "feedback_prompt_msg_id" integer;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "feedback_rating" smallint;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "feedback_comment_sealed" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "feedback_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "articles_slug_locale" ON "articles" USING btree ("slug","locale");--> statement-breakpoint
CREATE INDEX "scheduled_jobs_due" ON "scheduled_jobs" USING btree ("status","due_at");