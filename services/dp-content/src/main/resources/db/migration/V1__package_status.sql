-- Per distribution point, per package version: the ConfigMgr distribution state
-- (0 INSTALLED, 1 INSTALL_PENDING, 2 INSTALL_RETRYING, 3 INSTALL_FAILED, 4..6 removal states).
CREATE TABLE dp_package_status (
    package_id         varchar(8)  NOT NULL,
    package_version    integer     NOT NULL,
    distribution_point text        NOT NULL,
    state              smallint    NOT NULL CHECK (state BETWEEN 0 AND 6),
    attempt            integer     NOT NULL DEFAULT 0,
    bytes_transferred  bigint      NOT NULL DEFAULT 0,
    last_error         text,
    updated_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (package_id, package_version, distribution_point)
);
