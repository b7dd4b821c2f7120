/** The work of each serverless function, independent of how it is invoked: extract, train and predict over a bucket. */
package dev.linprobe.service;
