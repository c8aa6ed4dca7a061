package dev.orderly.core.resource.model;

/**
 * How a {@link FieldType#NAMES} field is stored: rows {@code (ownerColumn, targetColumn)} of
 * {@code linkTable}, each naming a row of {@code targetTable} by id, shown and written by its
 * {@code nameColumn}. A name that names no row is a 400: {@code Object with <nameColumn>=<name> does not exist.}
 */
public record LinkDef(String linkTable, String ownerColumn, String targetColumn, String targetTable, String nameColumn) {}
