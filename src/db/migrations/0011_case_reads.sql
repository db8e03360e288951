CREATE TABLE "case_reads" (
	"account_id" integer NOT NULL,
	"case_id" integer NOT NULL,
	"seen_at" timestamp with time zone NOT NULL,
	CONSTRAINT "case_reads_account_id_case_id_pk" PRIMARY KEY("account_id","case_id")
);
--> statement-breakpoint
ALTER TABLE "case_reads" ADD CONSTRAINT "case_reads_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_reads" ADD CONSTRAINT "case_reads_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;