CREATE TABLE "db_meta" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "regions" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"full_name" text NOT NULL,
	"level" text NOT NULL,
	"parent_code" text
);
--> statement-breakpoint
CREATE TABLE "agencies" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"short_name" text,
	"region_code" text,
	"region_source" text,
	"level" text,
	"parent_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agencies_name_key" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "agency_aliases" (
	"alias" text NOT NULL,
	"agency_id" integer NOT NULL,
	"source" text DEFAULT 'title' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agency_aliases_pkey" PRIMARY KEY("alias","agency_id")
);
--> statement-breakpoint
CREATE TABLE "crawl_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"trigger" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"status" text DEFAULT 'running' NOT NULL,
	"options" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"report" jsonb,
	"host" text,
	"pid" integer
);
--> statement-breakpoint
CREATE TABLE "fetches" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"run_id" integer,
	"site_id" text,
	"url" text NOT NULL,
	"final_url" text,
	"http_status" integer,
	"outcome" text NOT NULL,
	"error" text,
	"etag" text,
	"last_modified" text,
	"sha256" text,
	"content_type" text,
	"bytes" bigint,
	"duration_ms" integer,
	"referrer" text,
	"fetched_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "host_slots" (
	"host" text PRIMARY KEY NOT NULL,
	"next_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "site_crawls" (
	"id" serial PRIMARY KEY NOT NULL,
	"run_id" integer NOT NULL,
	"site_id" text NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"pages" integer DEFAULT 0 NOT NULL,
	"reports_found" integer DEFAULT 0 NOT NULL,
	"documents_new" integer DEFAULT 0 NOT NULL,
	"documents_changed" integer DEFAULT 0 NOT NULL,
	"documents_unchanged" integer DEFAULT 0 NOT NULL,
	"errors" integer DEFAULT 0 NOT NULL,
	"message" text
);
--> statement-breakpoint
CREATE TABLE "sites" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"region_code" text,
	"config" jsonb NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"disabled_reason" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "document_sources" (
	"id" serial PRIMARY KEY NOT NULL,
	"sha256" text NOT NULL,
	"url" text NOT NULL,
	"final_url" text,
	"site_id" text,
	"kind" text NOT NULL,
	"list_url" text,
	"link_text" text,
	"parent_url" text,
	"parent_sha256" text,
	"meta" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "document_sources_sha256_url_key" UNIQUE("sha256","url")
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"sha256" text PRIMARY KEY NOT NULL,
	"bytes" bigint NOT NULL,
	"content_type" text,
	"format" text DEFAULT 'unknown' NOT NULL,
	"encoding" text,
	"archive_path" text NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"parse_status" text DEFAULT 'pending' NOT NULL,
	"parse_error" text,
	"parsed_at" timestamp with time zone,
	"parser_version" text
);
--> statement-breakpoint
CREATE TABLE "reports" (
	"id" serial PRIMARY KEY NOT NULL,
	"agency_id" integer NOT NULL,
	"year" integer NOT NULL,
	"version" integer NOT NULL,
	"document_sha256" text NOT NULL,
	"source_group" text NOT NULL,
	"template" text NOT NULL,
	"title" text,
	"agency_name_raw" text,
	"published_at" date,
	"parser_version" text NOT NULL,
	"grade" text NOT NULL,
	"is_current" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reports_agency_id_year_version_key" UNIQUE("agency_id","year","version"),
	CONSTRAINT "reports_document_sha256_key" UNIQUE("document_sha256"),
	CONSTRAINT "reports_year_check" CHECK ("reports"."year" between 1990 and 2100),
	CONSTRAINT "reports_version_check" CHECK ("reports"."version" >= 1),
	CONSTRAINT "reports_template_check" CHECK ("reports"."template" in ('2019', '2021', 'pre2019', 'unknown')),
	CONSTRAINT "reports_grade_check" CHECK ("reports"."grade" in ('A', 'B', 'C', 'D', 'F'))
);
--> statement-breakpoint
CREATE TABLE "findings" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"report_id" integer NOT NULL,
	"rule" text NOT NULL,
	"severity" text NOT NULL,
	"message" text NOT NULL,
	"keys" text[] DEFAULT '{}' NOT NULL,
	CONSTRAINT "findings_severity_check" CHECK ("findings"."severity" in ('error', 'warning', 'info'))
);
--> statement-breakpoint
CREATE TABLE "report_facts" (
	"report_id" integer NOT NULL,
	"key" text NOT NULL,
	"value" numeric,
	"raw" text,
	"provenance" jsonb,
	CONSTRAINT "report_facts_pkey" PRIMARY KEY("report_id","key")
);
--> statement-breakpoint
ALTER TABLE "regions" ADD CONSTRAINT "regions_parent_code_regions_code_fk" FOREIGN KEY ("parent_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agencies" ADD CONSTRAINT "agencies_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agencies" ADD CONSTRAINT "agencies_parent_id_agencies_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agency_aliases" ADD CONSTRAINT "agency_aliases_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fetches" ADD CONSTRAINT "fetches_run_id_crawl_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."crawl_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_crawls" ADD CONSTRAINT "site_crawls_run_id_crawl_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."crawl_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_crawls" ADD CONSTRAINT "site_crawls_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sites" ADD CONSTRAINT "sites_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_sources" ADD CONSTRAINT "document_sources_sha256_documents_sha256_fk" FOREIGN KEY ("sha256") REFERENCES "public"."documents"("sha256") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_document_sha256_documents_sha256_fk" FOREIGN KEY ("document_sha256") REFERENCES "public"."documents"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_facts" ADD CONSTRAINT "report_facts_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "regions_name_idx" ON "regions" USING btree ("name");--> statement-breakpoint
CREATE INDEX "regions_parent_code_idx" ON "regions" USING btree ("parent_code");--> statement-breakpoint
CREATE INDEX "agencies_region_code_idx" ON "agencies" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "agency_aliases_agency_id_idx" ON "agency_aliases" USING btree ("agency_id");--> statement-breakpoint
CREATE INDEX "crawl_runs_started_at_idx" ON "crawl_runs" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "fetches_url_idx" ON "fetches" USING btree ("url","fetched_at");--> statement-breakpoint
CREATE INDEX "fetches_run_id_idx" ON "fetches" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "site_crawls_site_id_idx" ON "site_crawls" USING btree ("site_id","started_at");--> statement-breakpoint
CREATE INDEX "site_crawls_run_id_idx" ON "site_crawls" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "document_sources_url_idx" ON "document_sources" USING btree ("url");--> statement-breakpoint
CREATE INDEX "document_sources_parent_sha256_idx" ON "document_sources" USING btree ("parent_sha256");--> statement-breakpoint
CREATE INDEX "documents_parse_status_idx" ON "documents" USING btree ("parse_status");--> statement-breakpoint
CREATE UNIQUE INDEX "reports_current_key" ON "reports" USING btree ("agency_id","year") WHERE "reports"."is_current";--> statement-breakpoint
CREATE INDEX "reports_year_idx" ON "reports" USING btree ("year");--> statement-breakpoint
CREATE INDEX "reports_source_group_idx" ON "reports" USING btree ("source_group");--> statement-breakpoint
CREATE INDEX "findings_report_id_idx" ON "findings" USING btree ("report_id");--> statement-breakpoint
CREATE INDEX "findings_rule_idx" ON "findings" USING btree ("rule");--> statement-breakpoint
CREATE INDEX "report_facts_key_idx" ON "report_facts" USING btree ("key");