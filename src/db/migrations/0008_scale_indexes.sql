CREATE INDEX "clients_last_seen" ON "clients" USING btree ("last_seen_at","id");--> statement-breakpoint
CREATE INDEX "cases_opened" ON "cases" USING btree ("opened_at","id");--> statement-breakpoint
CREATE INDEX "cases_client" ON "cases" USING btree ("client_id","opened_at");--> statement-breakpoint
CREATE INDEX "cases_activity" ON "cases" USING btree ("last_activity_at");--> statement-breakpoint
CREATE INDEX "messages_client_kind" ON "messages" USING btree ("case_id","kind") WHERE "messages"."direction" = 'client';--> statement-breakpoint
CREATE INDEX "messages_sealed" ON "messages" USING btree ("case_id") WHERE "messages"."body_sealed" is not null or "messages"."file_sealed" is not null;--> statement-breakpoint
CREATE INDEX "audit_log_action" ON "audit_log" USING btree ("action","at");--> statement-breakpoint
CREATE INDEX "audit_log_case" ON "audit_log" USING btree ("case_id","at");--> statement-breakpoint
CREATE INDEX "audit_log_account" ON "audit_log" USING btree ("account_id","at");--> statement-breakpoint
CREATE INDEX "case_events_sealed" ON "case_events" USING btree ("case_id") WHERE "case_events"."text_sealed" is not null;