ALTER TABLE "clients" ADD COLUMN "forgotten_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "text_erased_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "text_erased_by" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "topic_deleted_at" timestamp with time zone;