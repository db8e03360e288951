CREATE TABLE "case_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"case_id" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"actor" text NOT NULL,
	"staff_member_id" integer,
	"account_id" integer,
	"via" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"text_sealed" text,
	"message_id" bigint
);
--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "emergency_alert_msg_id" integer;--> statement-breakpoint
ALTER TABLE "scheduled_jobs" ADD COLUMN "case_id" integer;--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_staff_member_id_staff_members_id_fk" FOREIGN KEY ("staff_member_id") REFERENCES "public"."staff_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_events_case" ON "case_events" USING btree ("case_id","at","id");--> statement-breakpoint
CREATE INDEX "case_events_kind_at" ON "case_events" USING btree ("kind","at");--> statement-breakpoint
CREATE INDEX "scheduled_jobs_case" ON "scheduled_jobs" USING btree ("case_id","status");--> statement-breakpoint
-- The messages already stored become the start of their cases' timelines.
INSERT INTO "case_events" ("case_id", "at", "kind", "actor", "staff_member_id", "message_id", "data")
SELECT "case_id", "created_at",
  CASE "direction" WHEN 'client' THEN 'client_message' WHEN 'staff' THEN 'staff_message' ELSE 'note' END,
  CASE "direction" WHEN 'client' THEN 'client' ELSE 'staff' END,
  "staff_member_id", "id", jsonb_build_object('kind', "kind")
FROM "messages";
