/** What each serverless function does, independent of how it is invoked: extract, train and predict over a bucket. */
package dev.linprobe.service;
