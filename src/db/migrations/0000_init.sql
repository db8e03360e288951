CREATE TABLE "clients" (
	"id" serial PRIMARY KEY NOT NULL,
	"tg_hash" text NOT NULL,
	"chat_sealed" text NOT NULL,
	"pseudonym" text NOT NULL,
	"locale" text DEFAULT 'ru' NOT NULL,
	"blocked_at" timestamp with time zone,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "clients_tg_hash_unique" UNIQUE("tg_hash"),
	CONSTRAINT "clients_pseudonym_unique" UNIQUE("pseudonym")
);
--> statement-breakpoint
CREATE TABLE "staff_members" (
	"id" serial PRIMARY KEY NOT NULL,
	"tg_hash" text NOT NULL,
	"user_sealed" text NOT NULL,
	"name_sealed" text,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "staff_members_tg_hash_unique" UNIQUE("tg_hash")
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" serial PRIMARY KEY NOT NULL,
	"client_id" integer NOT NULL,
	"status" text DEFAULT 'new' NOT NULL,
	"channel" text DEFAULT 'bot' NOT NULL,
	"staff_chat_id" bigint,
	"topic_id" integer,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_activity_at" timestamp with time zone DEFAULT now() NOT NULL,
	"first_staff_reply_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"closed_by" integer
);
--> statement-breakpoint
CREATE TABLE "message_pairs" (
	"id" serial PRIMARY KEY NOT NULL,
	"message_id" bigint NOT NULL,
	"client_id" integer NOT NULL,
	"client_msg_id" integer NOT NULL,
	"staff_chat_id" bigint NOT NULL,
	"staff_msg_id" integer NOT NULL,
	"origin" text NOT NULL,
	"part" text DEFAULT 'main' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"case_id" integer NOT NULL,
	"direction" text NOT NULL,
	"kind" text NOT NULL,
	"body_sealed" text,
	"staff_member_id" integer,
	"delivery" text DEFAULT 'delivered' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"edited_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "inbox" (
	"update_id" bigint PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"payload_sealed" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_closed_by_staff_members_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."staff_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_pairs" ADD CONSTRAINT "message_pairs_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_pairs" ADD CONSTRAINT "message_pairs_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_staff_member_id_staff_members_id_fk" FOREIGN KEY ("staff_member_id") REFERENCES "public"."staff_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "cases_one_open_per_client" ON "cases" USING btree ("client_id") WHERE "cases"."status" <> 'closed';--> statement-breakpoint
CREATE UNIQUE INDEX "cases_topic" ON "cases" USING btree ("staff_chat_id","topic_id");--> statement-breakpoint
CREATE INDEX "cases_status_activity" ON "cases" USING btree ("status","last_activity_at");--> statement-breakpoint
CREATE INDEX "message_pairs_client_side" ON "message_pairs" USING btree ("client_id","client_msg_id");--> statement-breakpoint
CREATE UNIQUE INDEX "message_pairs_staff_side" ON "message_pairs" USING btree ("staff_chat_id","staff_msg_id","part");--> statement-breakpoint
CREATE INDEX "messages_case" ON "messages" USING btree ("case_id","id");--> statement-breakpoint
CREATE INDEX "inbox_pending" ON "inbox" USING btree ("status","update_id");