CREATE TABLE "report_copies" (
	"sha256" text PRIMARY KEY NOT NULL,
	"report_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "documents" DROP CONSTRAINT "documents_parse_action_check";--> statement-breakpoint
ALTER TABLE "report_copies" ADD CONSTRAINT "report_copies_sha256_documents_sha256_fk" FOREIGN KEY ("sha256") REFERENCES "public"."documents"("sha256") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_copies" ADD CONSTRAINT "report_copies_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "report_copies_report_id_idx" ON "report_copies" USING btree ("report_id");--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_parse_action_check" CHECK ("documents"."parse_action" in ('inserted', 'updated', 'unchanged', 'copy', 'not_report', 'failed'));