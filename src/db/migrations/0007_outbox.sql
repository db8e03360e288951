CREATE TABLE "outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"target" text NOT NULL,
	"lane" smallint DEFAULT 2 NOT NULL,
	"case_id" integer,
	"op" text NOT NULL,
	"payload_sealed" text,
	"dedupe_key" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"not_before" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"done_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "outbox_targets" (
	"target" text PRIMARY KEY NOT NULL,
	"paused_until" timestamp with time zone,
	"lease_owner" text,
	"lease_until" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "outbox_waiting" ON "outbox" USING btree ("target","lane","id") WHERE status in ('pending', 'attempted');--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_dedupe" ON "outbox" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "outbox_done" ON "outbox" USING btree ("done_at") WHERE status = 'done';