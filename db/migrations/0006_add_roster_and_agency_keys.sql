CREATE TABLE "roster" (
	"id" serial PRIMARY KEY NOT NULL,
	"agency_key" text NOT NULL,
	"name" text NOT NULL,
	"region_code" text,
	"district_code" text,
	"level" text,
	"source" text NOT NULL,
	"source_detail" text NOT NULL,
	"site_id" text,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "roster_agency_key_key" UNIQUE("agency_key"),
	CONSTRAINT "roster_level_check" CHECK ("roster"."level" in ('province', 'city', 'county', 'township', 'department', 'other')),
	CONSTRAINT "roster_source_check" CHECK ("roster"."source" in ('division', 'site', 'report'))
);
--> statement-breakpoint
ALTER TABLE "agencies" ADD COLUMN "key" text;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "demo" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "roster" ADD CONSTRAINT "roster_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster" ADD CONSTRAINT "roster_district_code_regions_code_fk" FOREIGN KEY ("district_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster" ADD CONSTRAINT "roster_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "roster_district_code_idx" ON "roster" USING btree ("district_code");--> statement-breakpoint
ALTER TABLE "agencies" ADD CONSTRAINT "agencies_key_key" UNIQUE("key");