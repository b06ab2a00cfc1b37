-- The `seed` job: a generated G-Cloud-like catalogue, `rows` services (psql -v rows=N) from
-- rows/100 suppliers (at least 10). Generated in the database from word lists, with a hash of
-- the row number choosing each word, so the same N always gives the same catalogue, and
-- nothing is downloaded. Repeatable: it empties the tables first (orders too).
-- Run as: psql -d marketplace -v rows=N -f seed.sql (as postgres; the rows belong to marketplace).
\set ON_ERROR_STOP on
\timing on
SET ROLE marketplace;
SELECT greatest(10, :rows / 100) AS suppliers \gset

-- A non-negative pseudo-random number for row i and field k (inlined by the planner).
CREATE FUNCTION pg_temp.h(i bigint, k integer) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN hashint8(i * 64 + k)::bigint + 2147483648;
CREATE FUNCTION pg_temp.pick(words text[], i bigint, k integer) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN words[1 + pg_temp.h(i, k) % cardinality(words)];

BEGIN;
-- Truncated in this transaction: with wal_level=minimal the rows below write no WAL.
TRUNCATE orders, services, suppliers RESTART IDENTITY;
DROP TABLE IF EXISTS search_index;
-- Rows first, then the supplier index and foreign key, each made in one pass over the table
-- (as pg_restore does) rather than one index insert and one lookup per row.
DROP INDEX services_supplier;
ALTER TABLE services DROP CONSTRAINT services_supplier_fkey;

INSERT INTO suppliers (id, name, town, email, description)
SELECT s, name, town,
       'sales@' || lower(regexp_replace(name, '[^A-Za-z]', '', 'g')) || s || '.example',
       format('A %s supplier based in %s, working with %s since %s.',
              pg_temp.pick('{small,medium-sized,large,specialist,independent,employee-owned}', s, 4), town,
              pg_temp.pick('{"local authorities","central government","the NHS","schools and universities","police and fire services","housing associations"}', s, 5),
              2000 + pg_temp.h(s, 6) % 25)
FROM generate_series(1, :suppliers) AS s,
LATERAL (SELECT
    pg_temp.pick('{Blue,North,Civic,Bright,Oak,Silver,Harbour,Kite,Granite,Meridian,Cobalt,Thistle,Beacon,Lantern,Willow,Summit,Anchor,Crescent,Falcon,Juniper}', s, 1)
    || pg_temp.pick('{field,stone,bridge,works,point,wave,line,gate,shire,forge,well,brook,cloud,mark,path}', s, 2)
    || ' ' || pg_temp.pick('{Ltd,Limited,LLP,plc,"Digital Ltd","Consulting Ltd","Technology Ltd","Systems Ltd"}', s, 3) AS name,
    pg_temp.pick('{London,Manchester,Leeds,Bristol,Cardiff,Edinburgh,Glasgow,Belfast,Birmingham,Newcastle,Sheffield,Nottingham,Brighton,Norwich,York,Exeter,Swansea,Aberdeen,Liverpool,Cambridge}', s, 7) AS town
) AS n;

INSERT INTO services (id, supplier_id, lot, title, summary, description, price, price_unit, created_at)
SELECT i,
       1 + pg_temp.h(i, 1) % :suppliers,
       l.lot::lot,
       t.title,
       format('%s helps %s to %s %s %s.', t.title,
              pg_temp.pick('{"local authorities","central government departments","NHS trusts","schools and academies","police forces","housing associations","fire and rescue services","universities","arm''s length bodies","parish councils"}', i, 5),
              pg_temp.pick('{manage,automate,track,publish,secure,analyse,share,migrate,archive,process,monitor,"report on"}', i, 6),
              pg_temp.pick('{"case files","citizen records",payments,appointments,documents,datasets,"service requests",invoices,"staff rotas","planning applications",licences,complaints,assets,contracts,"benefit claims"}', i, 7),
              pg_temp.pick('{"in real time","across teams","securely in the cloud","with a full audit trail","at any scale","without installing software","from any device","in line with GDS standards"}', i, 8)),
       format('Features include %s, %s and %s. Hosted in %s and assured to %s. %s',
              pg_temp.pick(features, i, 9), pg_temp.pick(features, i, 10), pg_temp.pick(features, i, 11),
              pg_temp.pick('{"UK data centres","Crown Hosting data centres","public cloud regions in London and Cardiff","a PSN-connected private cloud","UK-only availability zones"}', i, 12),
              pg_temp.pick('{"ISO 27001","Cyber Essentials Plus","the NCSC cloud security principles","OFFICIAL data handling","PSN connectivity requirements"}', i, 13),
              pg_temp.pick('{"Onboarding takes less than a week.","Includes training for administrators and end users.","Pricing includes unlimited support tickets.","Migration from legacy systems is included.","Service levels guarantee 99.9% availability.","A free trial is available to public sector buyers.","Data can be exported at any time in open formats.","Every customer has a named account manager."}', i, 14)),
       CASE l.lot
           WHEN 'cloud-software' THEN 1 + (pg_temp.h(i, 15) % 4900) / 100.0
           WHEN 'cloud-hosting' THEN 0.05 + (pg_temp.h(i, 15) % 50000) / 100.0
           ELSE 300 + pg_temp.h(i, 15) % 1200
       END,
       CASE l.lot
           WHEN 'cloud-software' THEN pg_temp.pick('{"per user per month","per licence per year","per instance per month"}', i, 16)
           WHEN 'cloud-hosting' THEN pg_temp.pick('{"per virtual machine per hour","per GB per month","per instance per month"}', i, 16)
           ELSE pg_temp.pick('{"per day","per person per day","per unit"}', i, 16)
       END,
       now() - (pg_temp.h(i, 17) % 1000) * interval '1 day'
FROM generate_series(1, :rows) AS i,
LATERAL (SELECT CASE pg_temp.h(i, 2) % 5 WHEN 0 THEN 'cloud-hosting' WHEN 1 THEN 'cloud-support' ELSE 'cloud-software' END AS lot) AS l,
LATERAL (SELECT
    pg_temp.pick('{Secure,Managed,Scalable,Hosted,Integrated,Automated,Open,Smart,Unified,Resilient,Accessible,Modern,Digital,Connected,Flexible,Rapid,Trusted,Simple,Collaborative,Sovereign}', i, 3)
    || ' ' || pg_temp.pick('{"Case Management",Payroll,Identity,"Document Management","Data Analytics","Content Management","Customer Relationship","Asset Tracking",Booking,"Grants Management",Licensing,"Planning Applications","Records Management",Learning,"Service Desk",Geospatial,Email,Backup,"Web Hosting",Database,Payments,Forms,Workflow,"Housing Repairs","Waste Collection","Fleet Management","Appointment Scheduling","Electronic Patient Record","Contact Centre",Intranet}', i, 4)
    || ' ' || CASE l.lot
        WHEN 'cloud-support' THEN pg_temp.pick('{Support,Consultancy,Training,"Migration Service",Implementation}', i, 18)
        ELSE pg_temp.pick('{Platform,Service,Suite,System,Portal,Solution,Toolkit,Hub,Engine,Gateway,Cloud,Manager}', i, 18)
    END AS title
) AS t,
(SELECT '{"single sign-on","role-based access control","an open REST API","mobile apps","reporting dashboards","workflow automation","bulk data export","WCAG 2.1 AA accessibility","audit logging","two-factor authentication","configurable forms","automated backups","encryption at rest","24/7 monitoring","Active Directory integration","offline working"}'::text[] AS features) AS f;

CREATE INDEX services_supplier ON services (supplier_id);
ALTER TABLE services ADD CONSTRAINT services_supplier_fkey FOREIGN KEY (supplier_id) REFERENCES suppliers;

-- Identifiers given above: the next service a supplier publishes continues after them.
SELECT setval(pg_get_serial_sequence('services', 'id'), greatest(:rows, 1));
COMMIT;

ANALYZE suppliers;
ANALYZE services;
SELECT (SELECT count(*) FROM suppliers) AS suppliers, count(*) AS services,
       pg_size_pretty(pg_total_relation_size('services')) AS services_size FROM services;
